resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 14
  require_symbols                = true
  require_numbers                = true
  max_password_age               = 90
  password_reuse_prevention      = 24
}
