{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "root-access-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's objects. */}}
{{- define "root-access-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "root-access-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "root-access-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "root-access-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "root-access-operator.labels" -}}
{{ include "root-access-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ if .Values.kustomizeBase }}kustomize{{ else }}{{ .Release.Service }}{{ end }}
app.kubernetes.io/part-of: root-access-operator
{{- if not .Values.kustomizeBase }}
helm.sh/chart: {{ include "root-access-operator.chart" . }}
{{- end }}
{{- end }}

{{- define "root-access-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "root-access-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "root-access-operator.image" -}}
{{- if .Values.image.digest }}
{{- if not (hasPrefix "sha256:" .Values.image.digest) }}{{ fail "image.digest must be sha256:<hex>" }}{{ end }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}
