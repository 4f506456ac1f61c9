package checks

import "testing"

// A Chinese page whose title says it intercepts is a block page even when
// served with 200; a 200 page that only speaks of blocking in its text is
// not.
func TestCJKInterceptTitleAt200(t *testing.T) {
	for _, c := range []struct{ name, page string }{
		// INFOSAFE (7i24.com), as WhatWaf's report shows it.
		{"INFOSAFE", `<html><head><title>一流信息监控拦截系统</title></head><body><div align="center">一流信息监控拦截系统提醒您：很抱歉，由于您提交的内容中或访问的内容中含有系统不允许的关键词或者您的IP受到了访问限制，本次操作无效，系统已记录您的IP及您提交的所有数据。</div></body></html>`},
		// D-Shield's block notice (d-shield-sqli-probe-blocked), here at 200.
		{"D-Shield", `<html><head><title>D盾_拦截提示</title></head><body><table><tr><td>D盾_拦截提示</td></tr><tr><td>[禁] id:"14AND 1=1"</td></tr></table></body></html>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://www.example.com/etc/"), resp(200, c.page, "Content-Type: text/html; charset=utf-8")))
			if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
				t.Fatalf("likely %v, want %s first", rep.Likely, WAFBlock)
			}
		})
	}
	t.Run("an article about interception", func(t *testing.T) {
		page := `<html><head><title>运维博客</title></head><body><p>如何配置防火墙的拦截规则：本文介绍 WAF 的基本用法。</p></body></html>`
		rep := Run(exchange(get("http://blog.example.com/waf"), resp(200, page, "Content-Type: text/html; charset=utf-8")))
		if len(rep.Likely) > 0 {
			t.Fatalf("likely %v: a 200 article read as a block page", rep.Likely)
		}
	})
}
