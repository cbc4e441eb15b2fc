import { Client, Environment } from 'square';

export const square = new Client({
  environment: Environment.Production,
  accessToken: 'EAAAp_hRvkMQJX5QuLc7KRBgxeT2MeHEys0tlxKVVDdBN_qYI2LdHVuxA18d_BEm',
});
