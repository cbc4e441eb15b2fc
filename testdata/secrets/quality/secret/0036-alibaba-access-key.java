import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;

public class Storage {
    static final String ENDPOINT = "https://oss-cn-shanghai.aliyuncs.com";
    static final String ACCESS_KEY_ID = "LTAIduEWIZC2LPQ5tPyX";
    static final String ACCESS_KEY_SECRET = "BWIbypeMvksgED4FcoU9egXylV4sEk";
    static OSS client() { return new OSSClientBuilder().build(ENDPOINT, ACCESS_KEY_ID, ACCESS_KEY_SECRET); }
}
