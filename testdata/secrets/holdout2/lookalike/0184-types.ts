export interface SmtpConfig {
  host: string;
  port: number;
  user: string;
  password: string;
}
