package checks

import (
	"slices"
	"testing"
)

// Chinese writes no spaces: each Han character is a word, so that an
// entry of several characters matches inside a sentence.
func TestHanCharactersAreWords(t *testing.T) {
	got := lexWords("签名错误，请检查IP地址")
	want := []string{"签", "名", "错", "误", "请", "检", "查", "ip", "地", "址"}
	if !slices.Equal(got, want) {
		t.Fatalf("lexWords = %q, want %q", got, want)
	}
}

// A signature refused in Chinese is the signature's, whoever says it.
func TestChineseSignatureWords(t *testing.T) {
	signed := []string{"Content-Type: application/x-www-form-urlencoded"}
	cases := []struct{ name, url, body string }{
		{"WeChat Pay's XML envelope: 签名错误",
			"https://pay.example/pay/orderquery",
			"<xml><return_code><![CDATA[FAIL]]></return_code>\n<return_msg><![CDATA[签名错误，请检查后再试]]></return_msg>\n</xml>"},
		{"Alipay's envelope: 验签出错",
			"https://openapi.example/gateway.do?app_id=2021000000000000&sign_type=RSA2&sign=abcdefABCDEF0123456789",
			`{"code":"40002","msg":"Invalid Arguments","sub_msg":"验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(post(c.url, "out_trade_no=1", signed...), resp(200, c.body)))
			if len(rep.Likely) == 0 || rep.Likely[0] != SignatureMismatch {
				t.Fatalf("likely %v, want signature.mismatch first", rep.Likely)
			}
		})
	}
}
