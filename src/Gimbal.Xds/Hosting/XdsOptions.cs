using Gimbal.Xds.Grpc;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Hosting;

/// <summary>Options of <c>AddGimbalXds</c>.</summary>
public sealed class XdsOptions
{
    /// <summary>Where Envoy's listeners bind.</summary>
    public TranslationOptions Translation { get; set; } = TranslationOptions.Default;

    /// <summary>gRPC transport settings: message size limits (4 MiB received, 64 MiB sent by default) and response compression.</summary>
    public GrpcTransportOptions Transport { get; set; } = new();
}
