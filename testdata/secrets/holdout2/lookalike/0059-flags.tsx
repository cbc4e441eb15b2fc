import { asyncWithLDProvider } from 'launchdarkly-react-client-sdk';

export const LDProvider = await asyncWithLDProvider({ clientSideID: 'b4700943e06158ba9f5d532f' });
