provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRoleWithWebIdentity"
        Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }
      },
    ]
  })
}

resource "aws_iam_policy" "admin" {
  name        = "admin"
  description = "Full access"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
    ]
  })
}

# The second statement has no Effect (Allow) and lists "*" among its actions.
resource "aws_iam_role_policy" "ci_deploy" {
  name = "ci-deploy"
  role = aws_iam_role.ci.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadArtifacts",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": ["arn:aws:s3:::acme-artifacts/*"]
    },
    {
      "Sid": "Deploy",
      "Action": ["cloudformation:*", "*"],
      "Resource": ["*"]
    }
  ]
}
EOF
}

resource "aws_iam_user" "breakglass" {
  name = "breakglass"
}

# Deny everything: a wildcard, but not an Allow.
resource "aws_iam_user_policy" "breakglass_lock" {
  name = "lock"
  user = aws_iam_user.breakglass.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

# Every action, but on one bucket only.
resource "aws_iam_group_policy" "ops_bucket" {
  name  = "ops-bucket"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = ["arn:aws:s3:::acme-ops", "arn:aws:s3:::acme-ops/*"]
      },
    ]
  })
}

# A prefix wildcard on every resource.
resource "aws_iam_group_policy" "ops_describe" {
  name  = "ops-describe"
  group = aws_iam_group.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ec2:Describe*", "cloudwatch:Get*"]
        Resource = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "automation" {
  statement {
    sid       = "ReadConfig"
    actions   = ["ssm:GetParameter"]
    resources = ["arn:aws:ssm:eu-west-1:123456789012:parameter/automation/*"]
  }

  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}

# The document is a data source: its JSON is not a literal here.
resource "aws_iam_policy" "automation" {
  name   = "automation"
  policy = data.aws_iam_policy_document.automation.json
}

data "aws_iam_policy_document" "guardrail" {
  statement {
    sid       = "DenyAll"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }

  statement {
    sid       = "Upload"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::acme-uploads/*"]
  }
}
