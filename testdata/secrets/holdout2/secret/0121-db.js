const mongoose = require('mongoose');

mongoose.connect('mongodb+srv://django:yWujfenlpQ5B0HOl@cluster0.zoze8.mongodb.net/shipments?retryWrites=true&w=majority');

mongoose.connection.on('connected', () => console.log('mongo up'));
