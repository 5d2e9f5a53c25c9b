import type { CloudSqlConnectorFactory } from './cloud-sql-stream';

/** Google's connector, loaded on use, so that AWS and local runs never load it nor Google's auth library. */
export const googleCloudSqlConnector: CloudSqlConnectorFactory = () => {
  const { Connector, IpAddressTypes, AuthTypes } = require('@google-cloud/cloud-sql-connector') as typeof import('@google-cloud/cloud-sql-connector');
  // Its credentials are the process's (Application Default Credentials: Workload Identity in a pod).
  const connector = new Connector();
  let lastFailed = false;
  return {
    getOptions: async ({ instanceConnectionName, ipType, authType }) => {
      try {
        const options = await connector.getOptions({ instanceConnectionName, ipType: IpAddressTypes[ipType], authType: AuthTypes[authType] });
        lastFailed = false;
        return options;
      } catch (error) {
        lastFailed = true;
        throw error;
      }
    },
    // Connector 1.10's close() leaves the rejection of a failed first fetch, which it keeps until the
    // next getOptions, unhandled: the process would crash after the start failure's line. Such a fetch
    // schedules no refresh, so there is nothing to close.
    close: () => {
      if (!lastFailed) connector.close();
    },
  };
};
