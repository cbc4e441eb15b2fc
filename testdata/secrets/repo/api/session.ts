export const session = {
  bearer: 'eyJdok_hdAxQTdTSo_BGtdSvQvR-ZH2PP.eyJ-DXjL56lOXtp1xpPZeDl3UgbLMZorVI0rSGPfCFGSoUiAp1-8bMLuO0Sj6-1.zB8jfFkaLXknSyx8ijDn-HIHlb1RwsAzUG0IlYNQN3f',
};
