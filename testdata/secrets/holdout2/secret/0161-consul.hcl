datacenter = "dc1"
data_dir   = "/opt/consul"
encrypt    = "xoZ+c9GXOJW88W6+9zsiZ19l4pU1NCPrDTcqMRnWd4s="
server     = true
bootstrap_expect = 3
retry_join = ["provider=aws tag_key=consul tag_value=server"]
