posthog.init('phc_VfQpgWWRSym2YmbilyZImWbalz67x78nCfTg4cmBL5E', {
  api_host: 'https://eu.i.posthog.com',
  person_profiles: 'identified_only',
});
