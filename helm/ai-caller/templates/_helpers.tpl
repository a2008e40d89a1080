{{/* Names: <release>-<component>, cut to the 63 characters a DNS label allows. */}}
{{- define "ai-caller.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ai-caller.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "ai-caller.labels" -}}
{{ include "ai-caller.selectorLabels" . }}
app.kubernetes.io/part-of: ai-caller
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* <registry>/<repositoryPrefix>/<component>:<tag>, unless the component names its own repository or tag. */}}
{{- define "ai-caller.image" -}}
{{- $i := .root.Values.image -}}
{{- $own := .values.image | default dict -}}
{{- $repository := default (printf "%s/%s/%s" $i.registry $i.repositoryPrefix .component) $own.repository -}}
{{- printf "%s:%s" $repository (default (default .root.Chart.AppVersion $i.tag) $own.tag) -}}
{{- end -}}

{{/* An env var from a key of an existing Secret. */}}
{{- define "ai-caller.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{- define "ai-caller.twilioEnv" -}}
{{- $t := .Values.secrets.twilio -}}
{{ include "ai-caller.secretEnv" (dict "name" "TWILIO_ACCOUNT_SID" "secret" $t.existingSecret "key" $t.accountSidKey) }}
{{ include "ai-caller.secretEnv" (dict "name" "TWILIO_AUTH_TOKEN" "secret" $t.existingSecret "key" $t.authTokenKey) }}
{{- with $t.apiKeySidKey }}
{{ include "ai-caller.secretEnv" (dict "name" "TWILIO_API_KEY_SID" "secret" $t.existingSecret "key" .) }}
{{ include "ai-caller.secretEnv" (dict "name" "TWILIO_API_KEY_SECRET" "secret" $t.existingSecret "key" $t.apiKeySecretKey) }}
{{- end }}
{{- end -}}

{{/* Services that only call Twilio's REST API: its API key when the values name one, else the auth token. */}}
{{- define "ai-caller.twilioRestEnv" -}}
{{- $t := .Values.secrets.twilio -}}
{{- if $t.apiKeySidKey -}}
{{ include "ai-caller.secretEnv" (dict "name" "TWILIO_ACCOUNT_SID" "secret" $t.existingSecret "key" $t.accountSidKey) }}
{{ include "ai-caller.secretEnv" (dict "name" "TWILIO_API_KEY_SID" "secret" $t.existingSecret "key" $t.apiKeySidKey) }}
{{ include "ai-caller.secretEnv" (dict "name" "TWILIO_API_KEY_SECRET" "secret" $t.existingSecret "key" $t.apiKeySecretKey) }}
{{- else -}}
{{ include "ai-caller.twilioEnv" . }}
{{- end -}}
{{- end -}}

{{- define "ai-caller.apiTokenEnv" -}}
{{ include "ai-caller.secretEnv" (dict "name" .name "secret" .root.Values.secrets.apiToken.existingSecret "key" .root.Values.secrets.apiToken.key) }}
{{- end -}}

{{/* The internal URL of a component's service. */}}
{{- define "ai-caller.serviceUrl" -}}
{{- printf "http://%s:%v" (include "ai-caller.fullname" .) .port -}}
{{- end -}}

{{/* Whether a component keeps its outbox on a PersistentVolumeClaim per replica (then it runs as a StatefulSet). */}}
{{- define "ai-caller.persistentOutbox" -}}
{{- if and .values.outbox .values.outbox.persistent }}true{{ end -}}
{{- end -}}

{{- define "ai-caller.workloadKind" -}}
{{- if include "ai-caller.persistentOutbox" . }}StatefulSet{{ else }}Deployment{{ end -}}
{{- end -}}

{{/*
A service's Deployment (a StatefulSet when its outbox is persistent). Arguments: root, component, values (the
component's block), env (a YAML list of the component's own env vars), and optionally outboxEnv (the variable that
names its outbox directory), terminationGracePeriodSeconds and preStopSeconds.
*/}}
{{- define "ai-caller.deployment" -}}
{{- $v := .values -}}
{{- $persistent := include "ai-caller.persistentOutbox" . -}}
apiVersion: apps/v1
kind: {{ include "ai-caller.workloadKind" . }}
metadata:
  name: {{ include "ai-caller.fullname" . }}
  labels:
    {{- include "ai-caller.labels" . | nindent 4 }}
spec:
  {{- if not $v.autoscaling.enabled }}
  replicas: {{ $v.replicas }}
  {{- end }}
  {{- if $persistent }}
  serviceName: {{ include "ai-caller.fullname" . }}
  podManagementPolicy: Parallel
  volumeClaimTemplates:
    - metadata:
        name: outbox
      spec:
        accessModes: ["ReadWriteOnce"]
        {{- with $v.outbox.storageClassName }}
        storageClassName: {{ . | quote }}
        {{- end }}
        resources:
          requests:
            storage: {{ $v.outbox.size }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "ai-caller.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "ai-caller.labels" . | nindent 8 }}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/path: /q/metrics
        prometheus.io/port: "8080"
    spec:
      {{- with .root.Values.image.pullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if .terminationGracePeriodSeconds }}
      terminationGracePeriodSeconds: {{ .terminationGracePeriodSeconds }}
      {{- end }}
      securityContext:
        runAsNonRoot: true
        {{- if $persistent }}
        # The images run as user 185; a fresh volume is made writable for it.
        fsGroup: 185
        {{- end }}
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .component }}
          image: {{ include "ai-caller.image" . }}
          imagePullPolicy: {{ .root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: QUARKUS_HTTP_PORT
              value: "8080"
            - name: KAFKA_BOOTSTRAP_SERVERS
              value: {{ .root.Values.kafka.bootstrapServers | quote }}
            {{- .env | nindent 12 }}
            {{- with .outboxEnv }}
            - name: {{ . }}
              value: /var/lib/ai-caller/outbox
            {{- end }}
            {{- range $name, $value := $v.env }}
            - name: {{ $name }}
              value: {{ $value | quote }}
            {{- end }}
          {{- with .envFromSecret }}
          envFrom:
            - secretRef:
                name: {{ . }}
          {{- end }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if .outboxEnv }}
            - name: outbox
              mountPath: /var/lib/ai-caller/outbox
            {{- end }}
            {{- with .configMap }}
            - name: config
              mountPath: /etc/ai-caller
              readOnly: true
            {{- end }}
          startupProbe:
            httpGet: {path: /q/health/started, port: http}
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /q/health/live, port: http}
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet: {path: /q/health/ready, port: http}
            periodSeconds: 5
            failureThreshold: 2
          {{- if .preStopSeconds }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ .preStopSeconds }}
          {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if and .outboxEnv (not $persistent) }}
        - name: outbox
          emptyDir: {}
        {{- end }}
        {{- with .configMap }}
        - name: config
          configMap:
            name: {{ . }}
        {{- end }}
{{- end -}}

{{- define "ai-caller.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "ai-caller.fullname" . }}
  labels:
    {{- include "ai-caller.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "ai-caller.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{- define "ai-caller.pdb" -}}
{{- if .values.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "ai-caller.fullname" . }}
  labels:
    {{- include "ai-caller.labels" . | nindent 4 }}
spec:
  {{- if hasKey .values.pdb "maxUnavailable" }}
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  {{- else }}
  minAvailable: {{ .values.pdb.minAvailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "ai-caller.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A CPU-based HPA; the media-bridge has its own. */}}
{{- define "ai-caller.hpa" -}}
{{- $a := .values.autoscaling -}}
{{- if $a.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "ai-caller.fullname" . }}
  labels:
    {{- include "ai-caller.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ include "ai-caller.workloadKind" . }}
    name: {{ include "ai-caller.fullname" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}

{{- define "ai-caller.ingress" -}}
{{- if .root.Values.ingress.enabled }}
{{- $host := urlParse .publicUrl -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "ai-caller.fullname" . }}
  labels:
    {{- include "ai-caller.labels" . | nindent 4 }}
  {{- $annotations := merge (dict) (.annotations | default dict) .root.Values.ingress.annotations }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  ingressClassName: {{ .root.Values.ingress.className }}
  {{- if .root.Values.ingress.tls.enabled }}
  tls:
    - hosts: [{{ $host.hostname | quote }}]
      secretName: {{ .tlsSecretName }}
  {{- end }}
  rules:
    - host: {{ $host.hostname | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ . }}
            pathType: Prefix
            backend:
              service:
                name: {{ include "ai-caller.fullname" $ }}
                port:
                  name: http
          {{- end }}
{{- end }}
{{- end -}}
