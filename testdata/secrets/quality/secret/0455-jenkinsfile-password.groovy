pipeline {
  agent any
  environment {
    NEXUS_PASSWORD = '8_VIH21eh!i1bk0le4f-XJUEJtkm'
  }
  stages { stage('publish') { steps { sh './gradlew publish' } } }
}
