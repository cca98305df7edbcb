namespace Gimbal.Gateway.Demo;

internal sealed record DemoSettings(GatewayOptions Gateway, string Manifests);
