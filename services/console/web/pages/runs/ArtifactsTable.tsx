import { useState } from 'preact/hooks';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatBytes } from '../../format';
import { artifactDownloadUrl, listArtifacts, type Run } from './tracking-api';

/**
 * A run's artifacts, one folder at a time: files are download links through the console's proxy to
 * the tracking server's artifact proxy, folders open in place.
 */
export function ArtifactsTable({ run }: { run: Run }) {
  const [folder, setFolder] = useState('');
  const files = useAsync(() => listArtifacts(run.info.run_id, folder), [run.info.run_id, folder]);
  const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  return (
    <div class="table-wrap">
      <table class="data">
        <caption>Artifacts{folder !== '' && <span class="muted"> in {folder}</span>}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="number">
              Size
            </th>
          </tr>
        </thead>
        <tbody>
          {folder !== '' && (
            <tr>
              <td colSpan={2}>
                <button type="button" class="link" onClick={() => setFolder(parent)}>
                  Up to {parent === '' ? 'the artifact root' : parent}
                </button>
              </td>
            </tr>
          )}
          {files.data?.length === 0 && (
            <tr>
              <td colSpan={2} class="muted">
                No artifacts {folder === '' ? 'logged' : 'in this folder'}.
              </td>
            </tr>
          )}
          {(files.data ?? []).map((file) => {
            const url = file.is_dir ? undefined : artifactDownloadUrl(run.info.artifact_uri, file.path);
            return (
              <tr key={file.path}>
                <td>
                  {file.is_dir ? (
                    <button type="button" class="link" onClick={() => setFolder(file.path)}>
                      {name(file.path)}/
                    </button>
                  ) : url ? (
                    <a href={url} download={name(file.path)}>
                      {name(file.path)}
                    </a>
                  ) : (
                    name(file.path)
                  )}
                </td>
                <td class="number">{file.is_dir ? '' : formatBytes(file.file_size)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {files.loading && <Loading what="artifacts" />}
      {files.error !== undefined && <ErrorNotice error={files.error} />}
    </div>
  );
}
