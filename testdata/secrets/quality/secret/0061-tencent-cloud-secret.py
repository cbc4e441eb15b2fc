from tencentcloud.common import credential

cred = credential.Credential("AKIDmOynkBpksOipOJx8TwTmq1rggRV8ciXf", "ssV0xtKFiLaqHIBVFNHgettdMPE4tHKU")
REGION = "ap-guangzhou"
