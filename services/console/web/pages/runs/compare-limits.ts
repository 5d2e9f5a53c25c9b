/** How many runs a comparison takes: one line per run stays readable up to five. */
export const MIN_COMPARED = 2;
export const MAX_COMPARED = 5;
