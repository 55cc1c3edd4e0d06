output "function" {
  description = "The deployed function."
  value       = module.pull_doctor.function
}

output "service_account" {
  description = "Pull Doctor's service account."
  value       = module.pull_doctor.service_account
}

output "sink_writer_identity" {
  description = "The organization sink's writer identity."
  value       = module.pull_doctor.sink_writer_identity
}

output "topic" {
  description = "The topic the sink publishes to."
  value       = module.pull_doctor.topic
}
