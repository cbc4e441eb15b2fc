export const ldapConfig = {
  url: "ldaps://ldap.juniperhq.net",
  bindDN: "cn=svc-portal,ou=services,dc=corp",
  bindCredentials: "Y5m.S83#jV_^jC69",
};
