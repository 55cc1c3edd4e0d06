terraform {
  # optional() attributes with defaults, and validation blocks that name other attributes of the
  # same variable, need 1.5 or later.
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source = "hashicorp/google"
      # 6.x retries the 409 contention errors Firestore answers when several composite indexes are
      # created at once, and knows the Cloud Run v2 IAM resources used for the trigger's invoker.
      version = ">= 6.0.0, < 8.0.0"
    }
  }
}
