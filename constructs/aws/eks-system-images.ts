/**
 * The AWS account that holds the images of EKS's own node software in each region (VPC CNI,
 * kube-proxy, CoreDNS, the pause image). Nodes pull them with their own role, so the node role may
 * pull from this account's repositories, and no other account's.
 * Source: https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
 */
const SHARED_ACCOUNT = '602401143452';
const EKS_IMAGE_ACCOUNTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'sa-east-1',
      'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1',
      'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
    ].map((region) => [region, SHARED_ACCOUNT]),
  ),
  'af-south-1': '877085696533',
  'ap-east-1': '800184023465',
  'ap-south-2': '900889452093',
  'ap-southeast-3': '296578399912',
  'ap-southeast-4': '491585149902',
  'ap-southeast-5': '151610086707',
  'ap-southeast-6': '333609536671',
  'ap-southeast-7': '121268973566',
  'cn-north-1': '918309763551',
  'cn-northwest-1': '961992271922',
};

/** The account of EKS's system images in `region`; a region missing from the table is refused with where to look it up. */
export function eksImageAccount(region: string, where: string): string {
  const account = EKS_IMAGE_ACCOUNTS[region];
  if (!account) {
    throw new Error(
      `${where}: the account holding EKS system images in region ${region} is not known to Plinth; add it to constructs/aws/eks-system-images.ts ` +
        `from https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html (known regions: ${Object.keys(EKS_IMAGE_ACCOUNTS).sort().join(', ')})`,
    );
  }
  return account;
}
