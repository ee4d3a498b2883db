{{/* What NOTES.txt prints after install and upgrade (a define, so the chart tests can render it). */}}
{{- define "root-access-operator.notes" -}}
root-access-operator {{ .Chart.AppVersion }} is installed in namespace {{ .Release.Namespace }}.

{{- $watched := .Release.Namespace }}
{{- if .Values.operator.watchAllNamespaces }}{{ $watched = "every namespace" }}
{{- else if .Values.operator.watchNamespaces }}{{ $watched = join ", " .Values.operator.watchNamespaces }}{{ end }}
It watches RootAccessPolicies, MemberAccountRootStates and PrivilegedRootTasks in: {{ $watched }}
(resources anywhere else get no status at all). It calls AWS in region {{ .Values.aws.region }}
as the ServiceAccount {{ include "root-access-operator.serviceAccountName" . }}
{{- if index .Values.serviceAccount.annotations "eks.amazonaws.com/role-arn" }} (IRSA role {{ index .Values.serviceAccount.annotations "eks.amazonaws.com/role-arn" }})
{{- else }} (no IRSA annotation: use an EKS Pod Identity association for it, or set serviceAccount.annotations)
{{- end }}
{{- with .Values.aws.roleArn }}, then assumes {{ . }}{{ end }}.
That identity must belong to the management account or the IAM delegated administrator and carry
deploy/iam/operator-policy.json (or operator-policy-audit-only.json for audits only).

{{- /* root sessions per compliant account and day at the installed interval (h, m or s; anything else: unknown) */}}
{{- $iv := toString .Values.operator.auditInterval }}
{{- $sec := 0 }}
{{- if regexMatch "^[0-9]+h$" $iv }}{{ $sec = mul (trimSuffix "h" $iv | atoi) 3600 }}
{{- else if regexMatch "^[0-9]+m$" $iv }}{{ $sec = mul (trimSuffix "m" $iv | atoi) 60 }}
{{- else if regexMatch "^[0-9]+s$" $iv }}{{ $sec = trimSuffix "s" $iv | atoi }}{{ end }}
{{- if .Values.events.queueUrl }}
Event source: {{ .Values.events.queueUrl }} (docs/events.md). Compliant accounts are audited every
{{ .Values.events.compliantAuditInterval }} and re-audited at once when the management account's events say their root
credentials may have come back; other accounts every {{ $iv }}.
{{- else }}
No event source (events.queueUrl is empty): every account is audited every {{ $iv }}
{{- if gt (int $sec) 0 }}, that is {{ div 86400 $sec }} root sessions
per account and day, each a CloudTrail event and possibly a GuardDuty finding (Policy:IAMUser/ShortTermRootCredentialUsage)
in the member account: {{ mul (div 86400 $sec) 1000 }} a day at 1,000 accounts{{ end }}. Wire in the management account's events
(deploy/events, docs/events.md) to audit compliant accounts once a day instead.
{{- end }}

Check the operator:
  kubectl -n {{ .Release.Namespace }} rollout status deployment/{{ include "root-access-operator.fullname" . }}
  kubectl -n {{ .Release.Namespace }} logs deployment/{{ include "root-access-operator.fullname" . }}

{{- if .Values.aws.expectedOrganizationId }}
Wrong-organization guard: on. Credentials of an organization other than {{ .Values.aws.expectedOrganizationId }} change nothing.
{{- else }}
Wrong-organization guard: OFF (aws.allowAnyOrganization=true). The operator acts in whatever organization
its credentials reach; set aws.expectedOrganizationId to turn the guard on.
{{- end }}
{{- with .Values.protectedAccounts }}
Protected accounts (never selected, no root session): {{ join ", " . }}.
Attach the IAM policy rendered with an explicit Deny of sts:AssumeRoot on them (instead of deploy/iam's):
  kubectl -n {{ $.Release.Namespace }} get configmap {{ include "root-access-operator.fullname" $ }}-iam-policy -o jsonpath='{.data.operator-policy\.json}'
{{- end }}
{{- if not .Values.rbac.aggregateToEdit }}
Nobody may create policies or tasks yet: bind ClusterRole {{ include "root-access-operator.fullname" . }}-policy-author
(and -task-requester) to the people who may (docs/security.md).
{{- end }}

Then try a policy that changes nothing (a policy without spec.mode is DryRun: it only plans):
  kubectl apply -n {{ .Values.operator.watchNamespaces | default (list .Release.Namespace) | first }} -f examples/policies/dryrun-sandbox-ou.yaml
  kubectl get rap -n {{ .Values.operator.watchNamespaces | default (list .Release.Namespace) | first }}
  kubectl wait --for=condition=Ready rap/sandbox-dryrun -n {{ .Values.operator.watchNamespaces | default (list .Release.Namespace) | first }} --timeout=10m
(The examples name no namespace: "-n" puts them where the operator looks.)
No status after a minute: docs/troubleshooting.md, first entry.
{{- end }}
