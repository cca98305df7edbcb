namespace Gimbal.Yarp.Tests.Infrastructure;

/// <summary>YAML manifests for gateway-program tests whose upstreams listen on loopback.</summary>
public static class LoopbackManifests
{
    /// <summary>
    /// A Service (port 80, named http) and its Endpoints pointing at 127.0.0.1:<paramref name="port"/>, followed by a
    /// document separator so calls can be concatenated (empty documents are skipped by the manifest reader).
    /// </summary>
    public static string Service(string ns, string name, int port) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          ports:
          - name: http
            port: 80
        ---
        apiVersion: v1
        kind: Endpoints
        metadata:
          name: {name}
          namespace: {ns}
        subsets:
        - addresses:
          - ip: 127.0.0.1
          ports:
          - name: http
            port: {port}
        ---

        """;

    /// <summary>An Ingress of class gimbal sending every path of <paramref name="host"/> to port http of <paramref name="service"/>.</summary>
    public static string Ingress(string ns, string name, string host, string service) => $"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          ingressClassName: gimbal
          rules:
          - host: {host}
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: {service}
                    port:
                      name: http
        ---

        """;
}
