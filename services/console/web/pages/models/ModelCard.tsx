import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { Markdown } from './markdown';
import { artifactUrl, fetchArtifactText } from './registry';

/** The model card the gates wrote beside a promoted version (`<download URI>/gates/model-card.md`). */
export function ModelCard({ uri }: { uri: string }) {
  const url = artifactUrl(uri);
  const card = useAsync(() => (url ? fetchArtifactText(url) : Promise.resolve(undefined)), [url]);
  if (!url) {
    return (
      <p class="muted">
        The model card is at <code>{uri}</code>, which the console cannot read (only the tracking server's artifact proxy).
      </p>
    );
  }
  return (
    <section class="model-card" aria-labelledby="model-card-heading">
      <h3 id="model-card-heading">Model card</h3>
      <p class="muted">
        <a href={url}>model-card.md</a>
      </p>
      {card.loading && !card.data && <Loading what="the model card" />}
      {card.error !== undefined && <ErrorNotice error={card.error} />}
      {card.data !== undefined && (
        <div class="card-body">
          <Markdown text={card.data} headingLevel={4} />
        </div>
      )}
    </section>
  );
}
