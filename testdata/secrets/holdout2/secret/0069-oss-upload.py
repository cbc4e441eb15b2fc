import oss2

auth = oss2.Auth("LTAI5tpO0p1KJMVk5hpv7uHW", "v0PsCyNvCq0dNvO4KXylb4usfW07vP")
bucket = oss2.Bucket(auth, "https://oss-cn-hangzhou.aliyuncs.com", "trellis-media")
bucket.put_object_from_file("reports/daily.csv", "daily.csv")
