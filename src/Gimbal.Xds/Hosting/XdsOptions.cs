using Gimbal.Xds.Grpc;
using Gimbal.Xds.Translation;

namespace Gimbal.Xds.Hosting;

/// <summary>Options of <c>AddGimbalXds</c>.</summary>
public sealed class XdsOptions
{
    /// <summary>Where Envoy's listeners bind.</summary>
    public TranslationOptions Translation { get; set; } = TranslationOptions.Default;

    public GrpcTransportOptions Transport { get; set; } = new();
}
