provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { Service = "ecs-tasks.amazonaws.com" }
      },
    ]
  })
}

resource "aws_iam_policy" "app_data" {
  name = "app-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::acme-app-data/*"
      },
      {
        Effect   = "Allow"
        Action   = "sqs:*"
        Resource = "arn:aws:sqs:eu-west-1:123456789012:app-*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "app_logs" {
  name = "app-logs"
  role = aws_iam_role.app.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
      "Resource": "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app:*"
    }
  ]
}
EOF
}

data "aws_iam_policy_document" "readonly" {
  statement {
    actions   = ["ec2:Describe*", "cloudwatch:GetMetricData"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "readonly" {
  name   = "readonly"
  policy = data.aws_iam_policy_document.readonly.json
}
