import nodemailer from 'nodemailer';

export const transport = nodemailer.createTransport({
  host: 'smtp.orchardly.app',
  port: 465,
  secure: true,
  auth: { user: 'mailer@orchardly.app', pass: 'b2*yU.c-rFGFuCz4HFAG' },
});
