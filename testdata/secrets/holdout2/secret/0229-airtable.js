import Airtable from 'airtable';

const base = new Airtable({ apiKey: 'patnfurLj7eTqTwJJ.a9c827cceb479040a7170fcc0b8c7f63224bee6efd2e2993ccb47ebe2c0c29c3' }).base('appAVrYpxcgbHKKKj');
export const leads = base('Leads');
