// Atlas connection string template from the "Connect" dialog
const uri = "mongodb+srv://<username>:<password>@cluster0.mongodb.net/?retryWrites=true";
module.exports = { uri };
