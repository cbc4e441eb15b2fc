datadogRum.init({
  applicationId: 'ec5bb367-a15c-411b-afde-43c803868c79',
  clientToken: 'pubc1cc20d1fdd7e00310ab0afe202ef36d',
  site: 'datadoghq.eu',
  service: 'web',
});
