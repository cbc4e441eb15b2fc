// mongosh
db.orders.find({ _id: ObjectId("15d5939397550f496ef52bfe") });
db.orders.countDocuments();
