import type { Command } from 'commander';

/** `plinth helm charts [--write [readme]]`: the pinned Helm chart catalogue as a Markdown table. */
export function registerHelmCommands(program: Command): void {
  const helm = program.command('helm').description('The Helm charts Plinth installs');

  helm
    .command('charts')
    .description('Print the chart catalogue (chart, pinned version, repository, why) as Markdown: the table in README.md')
    .option('--write [readme]', 'write the table between the <!-- charts:start --> and <!-- charts:end --> markers of the README (default README.md) instead')
    .action((options: { write?: string | true }) => {
      // Loaded when the command runs (see main.ts); the catalogue is plain data, without cdktf.
      const table = require('../../constructs/k8s/helm/catalogue-table') as typeof import('../../constructs/k8s/helm/catalogue-table');
      if (options.write === undefined) {
        process.stdout.write(`${table.chartCatalogueTable()}\n`);
        return;
      }
      const file = options.write === true ? 'README.md' : options.write;
      table.writeChartTable(file);
      process.stdout.write(`${file}: chart catalogue written\n`);
    });
}
