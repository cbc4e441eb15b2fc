package config

// clojarsDeployToken is used by the mailer client.
const clojarsDeployToken = "CLOJARS_57dda75e09881c01a98b045aa5c22e0301c747516ace5b5fc8cf22673002"
