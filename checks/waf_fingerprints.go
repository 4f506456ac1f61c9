package checks

// WAF and bot-protection fingerprints, as data. blockPage (blockpage.go)
// reads them. Beyond the first entries, taken from the corpus, they come
// from the public fingerprint list of wafw00f
// (github.com/EnableSecurity/wafw00f, wafw00f/plugins/<name>.py): facts
// only, each entry cited with its plugin. Kept: what only the protection
// sends. Left out: bare CDNs and load balancers (their headers and
// persistence cookies ride every answer, refusals of the origin included),
// script paths a protection adds to every page of the site (Yunjiasu's
// /.well-known/yunjiasu-cgi/, Zenedge's /__zenedge/, WebARX's plugin path:
// the site's own 404 would carry them),
// products `vendors` already reads (Cloudflare, Akamai, Imperva, Sucuri,
// AWS, Azure, Vercel), corporate proxies (proxy_fingerprints.go), pages
// that may be either a WAF's or a forward proxy's (Sophos UTM's "UTM Web
// Protection" is the name of its web filter, and sophos.py also matches
// Squid's "Your cache administrator is"), and plain English phrases any
// page could say.

// wafVendor is a WAF or bot protection recognised by a marker of its own.
// Every text is lower case: header values, cookie names and bodies are
// compared lowered.
type wafVendor struct {
	Name string
	// Headers and Cookies say the protection is in front of the site: a
	// Server value, a header of its own, a session cookie. They ride its
	// good answers too, so alone they make a refusal its block only when
	// the status is one a protection blocks with (wafBlockStatus).
	Headers []headerMarker
	// Cookies are cookie-name prefixes of Set-Cookie.
	Cookies []string
	// Body markers are texts of the protection's own block or challenge
	// page; Block headers are sent only when it acted (dotDefender's
	// X-dotDefender-denied); Reasons are reason phrases of its status
	// line ("HTTP/1.1 403 Condition Intercepted"). Each says the
	// protection itself answered.
	Body   []string
	Block  []headerMarker
	Reason []string
}

// wafVendors are protections whose marker alone names them.
var wafVendors = []wafVendor{
	// ddos-guard-captcha-403: Server: ddos-guard, __ddg3 cookie; wafw00f ddosguard.py.
	{Name: "DDoS-Guard", Headers: []headerMarker{{"server", "ddos-guard"}}, Cookies: []string{"__ddg"}, Body: []string{"ddos-guard"}},
	// stormwall-access-denied: X-FireWall-Port, static.stormwall.pro assets.
	{Name: "StormWall", Headers: []headerMarker{{"x-firewall-port", ""}}, Body: []string{"stormwall.pro"}},
	// bitninja-captcha-server: Server: BitNinja Captcha Server; wafw00f bitninja.py.
	{Name: "BitNinja", Headers: []headerMarker{{"server", "bitninja"}}, Body: []string{"bitninja"}},
	// jiasule-403-notice: X-Via-JSL, __jsluid_h cookie, #notice-jiasule;
	// wafw00f jiasule.py: Server jiasule-waf, jsl_tracking cookie, static.jiasule.com.
	{Name: "Jiasule", Headers: []headerMarker{{"x-via-jsl", ""}, {"server", "jiasule-waf"}}, Cookies: []string{"__jsluid", "jsl_tracking"},
		Body: []string{"notice-jiasule", "static.jiasule.com"}},
	// huawei-cloudwaf-418: Server: CloudWAF, HWWAFSESID cookie; wafw00f
	// huaweicloud.py: Server HuaweiCloudWAF, hws_security@ mail.
	{Name: "Huawei Cloud WAF", Headers: []headerMarker{{"server", "cloudwaf"}}, Cookies: []string{"hwwafses"}, Body: []string{"hws_security@"}},
	// perimeterx-access-denied-priceline: _pxhd cookie; wafw00f perimeterx.py.
	{Name: "PerimeterX (HUMAN)", Cookies: []string{"_pxhd", "_px3", "_pxvid"},
		Body: []string{"perimeterx", "px-captcha", "denied because we believe you are using automation tools"}},
	// datadome-requests-blocked: Contact: DataAccess@datadome.co, c.datado.me.
	{Name: "DataDome", Headers: []headerMarker{{"x-datadome", ""}}, Cookies: []string{"datadome"}, Body: []string{"datadome.co", "datado.me"}},
	// indusguard-if-waf-406: Server: IF_WAF; wafw00f indusguard.py.
	{Name: "Indus Guard", Headers: []headerMarker{{"server", "if_waf"}}, Body: []string{"this website is secured against online attacks. your request was blocked"}},
	// redshield-support-id: mail to support@red-shield.net.
	{Name: "Red Shield", Body: []string{"red-shield.net"}},
	// wts-waf-intercept-page: Server: wts/1.2, title WTS-WAF; wafw00f wts.py.
	{Name: "WTS-WAF", Headers: []headerMarker{{"server", "wts/"}}, Body: []string{"wts-waf"}},
	// tencent-cloud-waf-attack-intercept: images under imgcache.qq.com/qcloud/security;
	// wafw00f tencent.py and qcloud.py: waf.tencent-cloud.com, 腾讯云Web应用防火墙.
	{Name: "Tencent Cloud WAF", Body: []string{"qcloud/security", "t-sec web", "waf.tencent-cloud.com/", "waf.tencentcloud.com/", "腾讯云web应用防火墙"}},
	// alibaba-cloud-waf-405-block: acw_tc cookie with errors.aliyun.com images;
	// wafw00f aliyundun.py: the 405 image under alicdn.com/sd-base.
	{Name: "Alibaba Cloud WAF", Body: []string{"errors.aliyun.com", "errors.aliyundun.", "alicdn.com/sd-base/static/"}},

	// From here on: wafw00f plugins, by file name.
	// aesecure.py
	{Name: "aeSecure", Headers: []headerMarker{{"aesecure-code", ""}}, Body: []string{"aesecure_denied.png"}},
	// anquanbao.py
	{Name: "Anquanbao", Headers: []headerMarker{{"x-powered-by-anquanbao", ""}}, Body: []string{"aqb_cc/error/"}},
	// anubis.py
	{Name: "Anubis (Techaro)", Body: []string{"anubis_challenge", "anubis_version", "within.website/x/cmd/anubis", "techarohq/anubis"}},
	// anyu.py
	{Name: "AnYu", Body: []string{"your access has been intercepted by anyu"}},
	// armor.py
	{Name: "Armor Defense", Body: []string{"blocked by website protection from armor", "please create an armor support ticket"}},
	// arvancloud.py
	{Name: "ArvanCloud", Headers: []headerMarker{{"server", "arvancloud"}}},
	// aspa.py: Server ASPA-WAF (or ASPA_WAF, ASPAWAF), ASPA-Cache-Status.
	{Name: "ASPA Firewall", Headers: []headerMarker{{"server", "aspa-waf"}, {"server", "aspa_waf"}, {"server", "aspawaf"}, {"aspa-cache-status", ""}}},
	// astra.py
	{Name: "Astra", Cookies: []string{"cz_astra_csrf_cookie"}, Body: []string{"astrawebsecurity.freshdesk.com", "getastra.com/assets/images"}},
	// awswaf.py: the custom response of AWS managed rules names them.
	{Name: "AWS WAF", Block: []headerMarker{{"x-blocked-by-waf", "awsmanagedrules"}}},
	// baffinbay.py
	{Name: "Baffin Bay (Mastercard)", Headers: []headerMarker{{"server", "baffin-bay-inlet"}}},
	// baidu.py
	{Name: "Yunjiasu (Baidu)", Headers: []headerMarker{{"server", "yunjiasu"}}},
	// barikode.py
	{Name: "Barikode", Body: []string{"<strong>barikode</strong>"}},
	// barracuda.py (its load-balancer cookies left out)
	{Name: "Barracuda WAF", Cookies: []string{"barra_counter_session"}},
	// bekchy.py
	{Name: "Bekchy", Body: []string{"bekchy.com/report"}},
	// binarysec.py
	{Name: "BinarySec", Headers: []headerMarker{{"server", "binarysec"}, {"x-binarysec-via", ""}, {"x-binarysec-nocache", ""}}},
	// blockdos.py
	{Name: "BlockDoS", Headers: []headerMarker{{"server", "blockdos.net"}}},
	// bluedon.py (its page's "web application firewall" is read by wafMarkers)
	{Name: "Bluedon", Headers: []headerMarker{{"server", "bdwaf"}}},
	// bulletproof.py
	{Name: "BulletProof Security Pro", Body: []string{"bpsmessage"}},
	// cachewall.py: its action and reason headers (bare Varnish left out).
	{Name: "CacheWall", Block: []headerMarker{{"x-cachewall-action", ""}, {"x-cachewall-reason", ""}}, Body: []string{"security by cachewall"}},
	// cdnns.py
	{Name: "CdnNS Application Gateway", Body: []string{"cdnnswaf application gateway"}},
	// cerber.py
	{Name: "WP Cerber Security", Body: []string{"your request looks suspicious or similar to automated", "requests from spam posting software"}},
	// chuangyu.py
	{Name: "Chuang Yu Shield", Body: []string{"365cyd.com"}},
	// ciscoacexml.py
	{Name: "Cisco ACE XML Gateway", Headers: []headerMarker{{"server", "ace xml gateway"}}},
	// cloudbric.py
	{Name: "Cloudbric", Body: []string{"your request was blocked by cloudbric", "please contact cloudbric support", "cloudbric.zendesk.com", "cloudbric help center"}},
	// cloudfloordns.py
	{Name: "Cloudfloor", Headers: []headerMarker{{"server", "cloudfloordns"}}, Body: []string{"cloudfloordns.com/contact"}},
	// cloudprotector.py
	{Name: "Cloud Protector (Rohde & Schwarz)", Body: []string{"cloudprotector.com"}},
	// comodo.py
	{Name: "Comodo cWatch", Headers: []headerMarker{{"server", "protected by comodo waf"}}},
	// crawlprotect.py
	{Name: "CrawlProtect", Cookies: []string{"crawlprotecttag"}, Body: []string{"<title>crawlprotect", "this site is protected by crawlprotect"}},
	// denyall.py
	{Name: "DenyALL (Rohde & Schwarz)", Reason: []string{"condition intercepted"}},
	// distil.py
	{Name: "Distil", Body: []string{"distilnetworks.com/images/anomaly", "distilcaptchaform", "distilcallbackguard"}},
	// dosarrest.py
	{Name: "DOSarrest", Headers: []headerMarker{{"x-dis-request-id", ""}, {"server", "dosarrest"}}},
	// dotdefender.py
	{Name: "dotDefender", Block: []headerMarker{{"x-dotdefender-denied", ""}}, Body: []string{"dotdefender blocked your request"}},
	// dynamicweb.py
	{Name: "DynamicWeb Injection Check", Block: []headerMarker{{"x-403-status-by", "dw-inj-check"}}},
	// eisoo.py
	{Name: "Eisoo Cloud Firewall", Headers: []headerMarker{{"server", "eisoowaf"}}, Body: []string{"eisoo-firewall-block.css"}},
	// f5trafficshield.py
	{Name: "F5 TrafficShield", Headers: []headerMarker{{"server", "f5-trafficshield"}}, Cookies: []string{"asinfo="}},
	// fortiweb.py (its page's icon is shared with FortiGate's filter)
	{Name: "FortiWeb", Cookies: []string{"fortiwafsid="}},
	// godaddy.py
	{Name: "GoDaddy Website Firewall", Body: []string{"godaddy website firewall"}},
	// greywizard.py
	{Name: "Grey Wizard", Headers: []headerMarker{{"server", "greywizard"}}, Body: []string{"<title>grey wizard", "contact the website owner or grey wizard"}},
	// hyperguard.py
	{Name: "HyperGuard", Cookies: []string{"wodsession="}},
	// imunify360.py
	{Name: "Imunify360", Headers: []headerMarker{{"server", "imunify360"}}, Body: []string{"imunify360"}},
	// janusec.py
	{Name: "Janusec Application Gateway", Body: []string{"janusec application gateway"}},
	// knownsec.py
	{Name: "KS-WAF (KnownSec)", Body: []string{"/ks-waf-error.png", "/ks_waf_error.png"}},
	// link11.py
	{Name: "Link11", Headers: []headerMarker{{"server", "rhino-core-shield"}}},
	// malcare.py
	{Name: "MalCare", Body: []string{"malcare"}},
	// missioncontrol.py
	{Name: "Mission Control Shield", Headers: []headerMarker{{"server", "mission control application shield"}}},
	// modsecurity.py: its Server signature and the reason phrase of its
	// action (the page texts are read by wafMarkers).
	{Name: "ModSecurity", Headers: []headerMarker{{"server", "mod_security"}, {"server", "noyb"}}, Reason: []string{"modsecurity action"}},
	// naxsi.py
	{Name: "NAXSI", Headers: []headerMarker{{"x-data-origin", "naxsi"}, {"server", "naxsi"}}, Body: []string{"blocked by naxsi", "naxsi blocked information"}},
	// nemesida.py
	{Name: "Nemesida", Body: []string{"nemesida-security.com", "nwaf@"}},
	// netcontinuum.py
	{Name: "NetContinuum (Barracuda)", Cookies: []string{"nci__sessionid="}},
	// netscaler.py: the AppFirewall's cookies and page (its load-balancer
	// NSC_ cookie left out).
	{Name: "Citrix NetScaler AppFirewall", Cookies: []string{"ns_af=", "citrix_ns_id"}, Body: []string{"ns transaction id", "appfw session id", "violation category: appfw_"}},
	// newdefend.py
	{Name: "Newdefend", Headers: []headerMarker{{"server", "newdefend"}}, Body: []string{"newdefend.com/feedback", "/nd-block/"}},
	// nexusguard.py
	{Name: "Nexusguard", Body: []string{"powered by nexusguard", "nexusguard.com/wafpage/"}},
	// ninja.py
	{Name: "NinjaFirewall", Body: []string{"<title>ninjafirewall"}},
	// nsfocus.py
	{Name: "NSFOCUS", Headers: []headerMarker{{"server", "nsfocus"}}},
	// nullddos.py
	{Name: "NullDDoS", Headers: []headerMarker{{"server", "nullddos"}}},
	// onmessage.py
	{Name: "onMessage Shield (Blackbaud)", Headers: []headerMarker{{"x-engine", "onmessage shield"}}},
	// oraclecloud.py
	{Name: "Oracle Cloud WAF", Body: []string{"<title>fw_error_www"}},
	// panyun360.py
	{Name: "360 PanYun", Headers: []headerMarker{{"server", "panyun"}, {"x-panyun-request-id", ""}}, Block: []headerMarker{{"x-panyun-error-reason", ""}, {"x-panyun-error-step", ""}}},
	// pentawaf.py
	{Name: "PentaWAF", Headers: []headerMarker{{"server", "pentawaf"}}, Body: []string{"pentawaf/"}},
	// puhui.py
	{Name: "Puhui WAF", Headers: []headerMarker{{"server", "puhui-waf"}, {"server", "puhui_waf"}, {"server", "puhuiwaf"}}},
	// qrator.py
	{Name: "Qrator", Headers: []headerMarker{{"server", "qrator"}}},
	// radware.py
	{Name: "Radware AppWall", Headers: []headerMarker{{"x-sl-compstate", ""}}, Body: []string{"cloudwebsec.radware.com", "<title>unauthorized request blocked"}},
	// reblaze.py
	{Name: "Reblaze", Headers: []headerMarker{{"server", "reblaze secure web gateway"}}, Cookies: []string{"rbzid"}},
	// rsfirewall.py
	{Name: "RSFirewall", Body: []string{"com_rsfirewall_"}},
	// sabre.py
	{Name: "Sabre Firewall", Body: []string{"dxsupport.sabre.com"}},
	// safe3.py
	{Name: "Safe3 Web Firewall", Headers: []headerMarker{{"server", "safe3 web firewall"}, {"x-powered-by", "safe3waf"}}, Body: []string{"safe3waf/"}},
	// safedog.py
	{Name: "Safedog", Headers: []headerMarker{{"server", "safedog"}}, Cookies: []string{"safedog-flow-item="}, Body: []string{"safedogsite/broswer_logo", "404.safedog.cn"}},
	// safeline.py
	{Name: "SafeLine (Chaitin)", Body: []string{"safeline"}},
	// scutum.py
	{Name: "Scutum", Headers: []headerMarker{{"server", "scutum"}}},
	// secking.py
	{Name: "SecKing", Headers: []headerMarker{{"server", "secking"}}},
	// secupress.py
	{Name: "SecuPress", Body: []string{"<title>secupress"}},
	// secureentry.py
	{Name: "Secure Entry", Headers: []headerMarker{{"server", "secure entry server"}}},
	// secureiis.py
	{Name: "eEye SecureIIS", Body: []string{"secureiis is an internet security application"}},
	// senginx.py
	{Name: "SEnginx", Body: []string{"senginx-robot-mitigation"}},
	// serverdefender.py
	{Name: "ServerDefender VP", Headers: []headerMarker{{"x-pint", "80"}}},
	// shieldon.py
	{Name: "Shieldon", Headers: []headerMarker{{"x-protected-by", "shieldon.io"}}, Body: []string{"shieldon_captcha"}},
	// shieldsecurity.py
	{Name: "Shield Security", Body: []string{"you were blocked by the shield", "transgression(s) against this site"}},
	// siteground.py
	{Name: "SiteGround", Body: []string{"our system thinks you might be a robot!", "access is restricted due to a security rule"}},
	// siteguard.py
	{Name: "SiteGuard", Body: []string{"powered by siteguard", "the server refuse to browse the page"}},
	// sitelock.py
	{Name: "SiteLock", Body: []string{"sitelock incident id", "sitelock will remember you"}},
	// stackpath.py
	{Name: "StackPath", Body: []string{"an action has triggered the service and blocked your request", "is using a security service for protection against online attacks"}},
	// teros.py
	{Name: "Teros (Citrix)", Cookies: []string{"st8id="}},
	// uewaf.py
	{Name: "UEWaf (UCloud)", Headers: []headerMarker{{"server", "uewaf"}}, Body: []string{"/uewaf_deny_pages/"}},
	// urlmaster.py
	{Name: "URLMaster SecurityCheck", Headers: []headerMarker{{"x-urlmaster-debug", ""}, {"x-urlmaster-ex", ""}}},
	// urlscan.py ("such as URLScan" left out: every IIS detailed 404 page says it)
	{Name: "Microsoft URLScan", Body: []string{"rejected-by-urlscan"}},
	// variti.py
	{Name: "Variti", Headers: []headerMarker{{"server", "variti"}}},
	// varnish.py
	{Name: "xVarnish-WAF", Body: []string{"request rejected by xvarnish-waf"}},
	// viettel.py
	{Name: "Viettel WAF (Cloudrity)", Body: []string{"viettel waf", "cloudrity.com.vn"}},
	// virusdie.py
	{Name: "Virusdie", Body: []string{"virusdie.ru/splash/firewallstop"}},
	// wallarm.py
	{Name: "Wallarm", Headers: []headerMarker{{"server", "nginx-wallarm"}, {"server", "nginx_wallarm"}}},
	// watchguard.py (its Server value: proxy_fingerprints.go)
	{Name: "WatchGuard", Body: []string{"request denied by watchguard firewall"}},
	// webarx.py
	{Name: "WebARX", Body: []string{"webarxsecurity.com"}},
	// webknight.py
	{Name: "WebKnight (AQTRONIX)", Reason: []string{"no hacking", "hack not found"}, Body: []string{"webknight application firewall alert", "aqtronix webknight"}},
	// webland.py
	{Name: "WebLand", Headers: []headerMarker{{"server", "protected by webland"}}},
	// webray.py
	{Name: "RayWAF (WebRay)", Headers: []headerMarker{{"server", "webray-waf"}, {"drivedby", "raysrv"}}},
	// webtotem.py
	{Name: "WebTotem", Body: []string{"webtotem"}},
	// wordfence.py
	{Name: "Wordfence", Headers: []headerMarker{{"server", "wf_waf"}, {"server", "wf-waf"}, {"server", "wfwaf"}}, Body: []string{"broke one of the wordfence", "broke one of wordfence"}},
	// wpmudev.py
	{Name: "WPMU DEV WAF", Body: []string{"whoops, this request has been blocked!", "this request has been deemed suspicious"}},
	// wzb360.py
	{Name: "360 WangZhanBao (Qi An Xin)", Headers: []headerMarker{{"server", "qianxin-waf"}, {"wzws-ray", ""}, {"x-powered-by-360wzb", ""}}, Body: []string{"wzws-waf-cgi/", "wangshan.360.cn"}},
	// xlabssecuritywaf.py
	{Name: "XLabs Security WAF", Headers: []headerMarker{{"x-cdn", "xlabs security"}, {"secured", "by xlabs security"}, {"server", "xlabs"}}},
	// xuanwudun.py
	{Name: "Xuanwudun", Body: []string{"admin.dbappwaf.cn"}},
	// yundun.py
	{Name: "Yundun", Headers: []headerMarker{{"server", "yundun"}, {"x-cache", "yundun"}}, Cookies: []string{"yd_cookie="}, Body: []string{"blocked by yundun cloud waf", "yundun.com/yd-http-error/"}},
	// yunsuo.py
	{Name: "Yunsuo", Cookies: []string{"yunsuo_session="}, Body: []string{"yunsuologo"}},
	// yxlink.py
	{Name: "YXLink", Headers: []headerMarker{{"server", "yxlink"}}, Cookies: []string{"yx_ci_session=", "yx_language="}},
	// zenedge.py
	{Name: "Zenedge", Headers: []headerMarker{{"server", "zenedge"}, {"x-zen-fury", ""}}},
}
