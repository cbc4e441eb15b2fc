data "aws_vpc" "main" {
  id = "vpc-02889ec280d78e831"
}
