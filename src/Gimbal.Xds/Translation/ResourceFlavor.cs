namespace Gimbal.Xds.Translation;

/// <summary>Which kind of xDS client the resources are shaped for.</summary>
public enum ResourceFlavor
{
    /// <summary>Envoy: socket listeners on 8080/8443 with SNI filter chains.</summary>
    Envoy,

    /// <summary>Proxyless gRPC: one api_listener per host, EDS clusters with gRPC-supported policies only.</summary>
    Grpc,
}
