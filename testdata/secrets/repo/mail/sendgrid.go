package mail

const sendgridKey = "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"
