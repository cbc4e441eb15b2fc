import razorpay

client = razorpay.Client(auth=("rzp_live_3KgpX8dlK0W4LZ", "FAxRdy08PcpldJxY5nrOnWez"))
client.set_app_details({"title": "checkout", "version": "2.3"})
