export const internalClient = axios.create({
  baseURL: "https://internal.oscorp.tech",
  headers: { "X-Internal-Token": "bfb5ca47962c361261f853d7efb86537af4fa2b4" },
});
