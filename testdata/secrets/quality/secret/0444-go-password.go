package mail

var smtpAuth = smtp.PlainAuth("",
	"alerts@orchardly.com",
	"+zltzZv*Y#CJV!mE.Ptb0_P",
	"smtp.bluefin.com")
