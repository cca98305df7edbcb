using Gimbal.Core.Compilation;
using Gimbal.Discovery.Mirroring;
using Gimbal.Kubernetes.Manifests;
using Gimbal.Xds.Translation;

// Compiles an Ingress with its Service and Endpoints, then translates the route table to Envoy resources:
// the path a library user takes from manifests to a data plane, with the packages alone.
const string Manifests = """
    apiVersion: v1
    kind: Service
    metadata: { name: web, namespace: team-a }
    spec:
      ports: [ { name: http, port: 80, targetPort: 8080 } ]
    ---
    apiVersion: v1
    kind: Endpoints
    metadata: { name: web, namespace: team-a }
    subsets:
    - addresses: [ { ip: 10.0.0.10 } ]
      ports: [ { name: http, port: 8080 } ]
    ---
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: { name: web, namespace: team-a }
    spec:
      ingressClassName: gimbal
      rules:
      - host: web.example.com
        http:
          paths:
          - path: /
            pathType: Prefix
            backend: { service: { name: web, port: { name: http } } }
    """;

var read = ManifestReader.Read(Manifests, "inline");
var compiled = new RouteCompiler().Compile(read.ToSnapshot());
var envoy = new EnvoyTranslator().Translate(compiled.Routes, compiled.Endpoints);

Console.WriteLine($"hosts: {string.Join(",", compiled.Routes.VirtualHosts.Select(h => h.Name))}");
Console.WriteLine($"clusters: {envoy.Clusters.Length}, listeners: {envoy.Listeners.Length}, diagnostics: {compiled.Diagnostics.Count}");
Console.WriteLine($"mirror workers by default: {new MirrorEngineOptions().Workers}");
return compiled.HasErrors ? 1 : 0;
