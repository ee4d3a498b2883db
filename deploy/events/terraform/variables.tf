variable "queue_name" {
  type    = string
  default = "root-access-operator-events"
}

variable "operator_role_name" {
  type        = string
  default     = ""
  description = "The operator's IAM role name (IRSA or Pod Identity): gets the queue-reading permissions when set."
}
