// Test helpers of the integrations package (the loopback Composio stand-in).
export {};
