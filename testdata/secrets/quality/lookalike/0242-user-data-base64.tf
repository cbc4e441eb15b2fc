resource "aws_launch_template" "web" {
  name_prefix   = "web-"
  user_data     = "IyEvYmluL2Jhc2gKYXB0LWdldCB1cGRhdGUgLXkKYXB0LWdldCBpbnN0YWxsIC15IG5naW54CnN5c3RlbWN0bCBlbmFibGUgLS1ub3cgbmdpbngK"
}
