namespace Gimbal.Benchmarks.Gateway;

/// <summary>One Ingress for any host forwarding everything to the backend, as manifests for gimbal-gateway --manifests.</summary>
internal static class GatewayManifests
{
    public static string Write(string folder, int backendPort)
    {
        var manifests = Path.Combine(folder, "manifests");
        Directory.CreateDirectory(manifests);
        File.WriteAllText(Path.Combine(manifests, "backend.yaml"), $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: bench
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: backend
              namespace: bench
            spec:
              ports:
              - name: http
                port: 80
            ---
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: backend
              namespace: bench
            subsets:
            - addresses:
              - ip: 127.0.0.1
              ports:
              - name: http
                port: {backendPort}
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: backend
              namespace: bench
            spec:
              ingressClassName: gimbal
              rules:
              - http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: backend
                        port:
                          name: http
            """);
        return manifests;
    }
}
