import * as pulumi from '@pulumi/pulumi';

const cfg = new pulumi.Config();
const dbPassword = cfg.requireSecret('dbPassword');
