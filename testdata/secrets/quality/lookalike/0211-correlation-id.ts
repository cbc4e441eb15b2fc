// stable id for the kiosk device
export const anonymousId = "4953a678-8f6d-4a18-a51e-1aeb30118b31";
analytics.identify(anonymousId);
