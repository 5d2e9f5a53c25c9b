/** Members that mean "anyone": on the internet, or with any Google account. */
export const PUBLIC_MEMBERS: readonly string[] = ['allUsers', 'allAuthenticatedUsers'];
