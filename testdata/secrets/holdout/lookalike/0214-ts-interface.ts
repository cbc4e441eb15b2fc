export interface ClientOptions {
  apiKey: string;
  apiSecret?: string;
  baseUrl?: string;
}
