import { MongoClient } from "mongodb";

const uri = "mongodb+srv://metrics:Q.rrB1t.dz.qxH1gCV27q@cluster0.q8x7vzk.mongodb.net/?retryWrites=true&w=majority";
export const client = new MongoClient(uri);
