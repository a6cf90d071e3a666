// The storefront's only static assets: one small stylesheet, one small page script, and the queue script that only
// queue drop pages load (no client framework). Served from /assets with immutable caching; bump ASSET_VERSION when
// any of them changes.
export const ASSET_VERSION = "v9";

export const STOREFRONT_CSS = `
:root{--accent:#6d28d9;--ink:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#fafaf9;--card:#fff;--ok:#047857;--warn:#b45309;--err:#b91c1c;
font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}[hidden]{display:none!important}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:9}
header.site{background:var(--card);border-bottom:1px solid var(--line)}
.banner{height:6rem;background:var(--accent) center/cover no-repeat}
.wrap{max-width:64rem;margin:0 auto;padding:1rem 1.25rem}
.profile{display:flex;gap:1rem;align-items:center}
.avatar{width:4rem;height:4rem;border-radius:50%;object-fit:cover;border:3px solid #fff;background:var(--line)}
h1{font-size:1.75rem;line-height:1.2;margin:.25rem 0}h2{font-size:1.25rem;margin:1.5rem 0 .75rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr))}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;display:flex;flex-direction:column;gap:.4rem}
.card img{width:100%;aspect-ratio:4/3;object-fit:cover;border-radius:.5rem;background:var(--line)}
.price{font-weight:700}.muted{color:var(--muted)}
.badge{display:inline-block;padding:.15rem .6rem;border-radius:999px;font-size:.85rem;font-weight:600;background:var(--line);color:var(--ink)}
.badge[data-status=live]{background:#d1fae5;color:var(--ok)}.badge[data-status=sold_out],.badge[data-status=canceled]{background:#fee2e2;color:var(--err)}
.badge[data-status=scheduled],.badge[data-status=pending]{background:#fef3c7;color:var(--warn)}
.badge[data-status=paid],.badge[data-status=fulfilled]{background:#d1fae5;color:var(--ok)}.badge[data-status=expired],.badge[data-status=refunded]{background:#e5e7eb}
.countdown{font-size:1.5rem;font-variant-numeric:tabular-nums;font-weight:700}
form.buy{display:grid;gap:.75rem;max-width:28rem}
label{display:grid;gap:.25rem;font-weight:600}
input,select{font:inherit;padding:.6rem .7rem;border:1px solid #9ca3af;border-radius:.5rem;background:#fff;color:var(--ink)}
button{font:inherit;font-weight:700;padding:.75rem 1.25rem;border:0;border-radius:.5rem;background:var(--accent);color:#fff;cursor:pointer}
button[disabled]{opacity:.55;cursor:not-allowed}
.alert{padding:.75rem 1rem;border-radius:.5rem;background:#fee2e2;color:var(--err)}.alert:empty{display:none}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.5rem;border-bottom:1px solid var(--line)}
.stock{font-variant-numeric:tabular-nums}
footer{margin:3rem 0 2rem;color:var(--muted);font-size:.9rem}
.notice{padding:.75rem 1rem;border-radius:.5rem;background:#d1fae5;color:var(--ok)}.notice:empty{display:none}
.queue .countdown{font-size:1.15rem}.queue-card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin-bottom:1rem;max-width:28rem}
.queue-card[data-status=admitted]{border:2px solid var(--ok)}.queue-state{font-size:1.15rem;font-weight:700;margin:0}.queue-note{margin:0}
.queue-numbers{display:flex;gap:2rem;margin:.75rem 0}.queue-numbers dt{color:var(--muted);font-size:.9rem}
.queue-numbers dd{margin:0;font-size:1.5rem;font-weight:700;font-variant-numeric:tabular-nums}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`;

// The page script. Drop pages follow the drop live: the server's clock (`serverTime`) drives the countdown, the
// opening and the end happen on screen without a reload (the socket confirms within a second), the socket
// reconnects with backoff, and the status is re-read when the tab becomes visible again (the read may be up to 1 s
// old: a socket message newer than the request wins). Order pages follow their
// order (reloading when it changes) until it needs nothing more. Forms post JSON; without JS they post the form.
// Times show in the buyer's own time zone. `window.dropfront` shares the server clock, the JSON post and the
// duration format with the queue script, which gets the socket's queue messages as "dropfront:queue" events.
export const STOREFRONT_JS = `(()=>{"use strict";
const $=(s,r=document)=>r.querySelector(s),$$=(s,r=document)=>[...r.querySelectorAll(s)];
const labels={scheduled:"Starts soon",live:"Live",sold_out:"Sold out",ended:"Ended",canceled:"Canceled"};
let offset=0;const now=()=>Date.now()+offset;
function syncClock(t){const s=Date.parse(t);if(!isNaN(s))offset=s-Date.now()}
function left(ms){if(ms<=0)return"0s";const s=Math.ceil(ms/1e3),d=Math.floor(s/86400),h=Math.floor(s%86400/3600),m=Math.floor(s%3600/60),x=s%60;
return(d?d+"d ":"")+(d||h?h+"h ":"")+(d||h||m?m+"m ":"")+x+"s"}
function clockStatus(el){if(el.dataset.canceled)return"canceled";const t=now(),st=Date.parse(el.dataset.startsAt),en=el.dataset.endsAt?Date.parse(el.dataset.endsAt):null;
if(en!==null&&t>=en)return"ended";return t<st?"scheduled":"live"}
let server=null;
function statusOf(el){const c=clockStatus(el),s=server&&el.dataset.dropId===server.id?server.status:null;
if(s==="canceled"||s==="ended")return s;if(c==="canceled"||c==="ended")return c;if(s===null)return c;
if(s==="scheduled"&&c==="live")return"live";return s}
function paint(){for(const el of $$("[data-drop-times]")){const st=Date.parse(el.dataset.startsAt),status=statusOf(el);
const b=$("[data-status-badge]",el);if(b&&b.dataset.status!==status){b.dataset.status=status;b.textContent=labels[status]||status}
const ol=$("[data-opens-label]",el);if(ol)ol.textContent=status==="scheduled"?"Opens":"Opened";const cl=$("[data-closes-label]",el);if(cl)cl.textContent=status==="ended"?"closed":"closes";
const cd=$("[data-countdown]",el);if(cd)cd.textContent=status==="scheduled"?"Opens in "+left(st-now()):"";
if(el.dataset.prev==="scheduled"&&status!=="scheduled"&&el.dataset.dropId)refresh(el.dataset.dropId);el.dataset.prev=status;
const main=el.closest("main")||document,btn=$("form.reserve button",main);if(btn&&el.dataset.dropId)btn.disabled=status!=="live";
if(server&&server.id===el.dataset.dropId)for(const i of server.items){for(const c of $$('[data-stock-for="'+i.variantId+'"]',main))
{const t=status==="ended"?"Ended":status==="canceled"?"Canceled":i.available>0?i.available+" left":"Sold out";if(c.textContent!==t)c.textContent=t}
const opt=$('option[value="'+i.variantId+'"]',main);if(opt)opt.disabled=i.available<=0}}}
function applyStock(id,m){if(m.serverTime)syncClock(m.serverTime);server={id,status:m.status,items:m.items};paint()}
let socketAt=0;
function refresh(id){const at=Date.now();return fetch("/api/v1/drops/"+id,{cache:"no-store"}).then(r=>r.json()).then(d=>{if(d.drop&&socketAt<=at)applyStock(id,d.drop)}).catch(()=>{})}
function problem(form,msg){const a=$(".alert",form);if(a)a.textContent=msg}
async function post(url,body,key,admission){const h={"content-type":"application/json"};if(key)h["idempotency-key"]=key;if(admission)h["drop-admission"]=admission;
const r=await fetch(url,{method:"POST",headers:h,body:JSON.stringify(body)});const j=await r.json().catch(()=>({}));
if(!r.ok)throw new Error(j.error&&j.error.message||"Something went wrong, please try again.");return j}
const key=()=>crypto.randomUUID?crypto.randomUUID():String(Math.random()).slice(2);window.dropfront={now,post,left};
const drop=$("[data-drop-live]");
if(drop){const id=drop.dataset.dropId;refresh(id);let ws=null,wait=1e3,timer=0;
const connect=()=>{clearTimeout(timer);if(ws&&ws.readyState<2)return;try{ws=new WebSocket((location.protocol==="https:"?"wss://":"ws://")+location.host+"/api/v1/drops/"+id+"/live");
ws.onopen=()=>{wait=1e3};ws.onmessage=e=>{const m=JSON.parse(e.data);if(m.type==="stock"){socketAt=Date.now();applyStock(id,m)}
else if(m.type==="queue"){syncClock(m.serverTime);dispatchEvent(new CustomEvent("dropfront:queue",{detail:m}))}};
ws.onclose=()=>{timer=setTimeout(connect,wait+Math.random()*wait/2);wait=Math.min(wait*2,3e4)}}catch(e){timer=setTimeout(connect,wait)}};
connect();document.addEventListener("visibilitychange",()=>{if(document.visibilityState==="visible"){refresh(id);connect()}})}
const follow=$("[data-order-live]");
if(follow){const o=follow.dataset,token=new URLSearchParams(location.search).get("token");let wait=2e3;
const poll=()=>fetch("/api/v1/orders/"+o.orderId+"?token="+encodeURIComponent(token||""),{cache:"no-store"}).then(r=>r.ok?r.json():null).then(j=>{
const x=j&&j.order;if(x&&(x.status!==o.status||(x.downloads||[]).length!==Number(o.downloads))){location.reload();return}
wait=Math.min(wait*1.5,6e4);setTimeout(poll,wait)}).catch(()=>setTimeout(poll,wait));setTimeout(poll,wait)}
const raffle=$("[data-raffle]");
if(raffle){const id=raffle.dataset.dropId,store="raffle:"+id,q=new URLSearchParams(location.search);let mine=null;
try{mine=JSON.parse(localStorage.getItem(store)||"null")}catch(e){}
if(q.get("entry")&&q.get("token"))mine={id:q.get("entry"),token:q.get("token")};
const keep=()=>{try{localStorage.setItem(store,JSON.stringify(mine))}catch(e){}};if(mine)keep();
const st=$("[data-raffle-status]",raffle),pay=$("[data-raffle-pay]",raffle),form=$("form.raffle-enter",raffle);let res=null,wait=5e3;
const texts={entered:"You're in. The draw happens when the drop opens; winners are emailed.",lost:"Not this time: you're on the standby list. If a winner does not pay in time, their unit passes down and we will email you.",claimed:"Claimed: thank you! Your order is on its way.",expired:"Your claim ran out before payment, so the unit passed to the next entry."};
function show(e){st.hidden=false;if(form)form.hidden=true;res=e.reservationId;
if(e.status==="won"){st.textContent="You won! Pay before "+new Date(e.claimUntil).toLocaleString()+" to claim your unit.";pay.hidden=false}else{st.textContent=texts[e.status]||e.status;pay.hidden=true}}
function poll(){if(!mine)return;fetch("/api/v1/drops/"+id+"/entries/"+mine.id+"?token="+encodeURIComponent(mine.token),{cache:"no-store"}).then(r=>r.ok?r.json():null).then(j=>{
if(j&&j.entry){show(j.entry);if(j.entry.status==="claimed"||j.entry.status==="expired")return}wait=Math.min(wait*1.5,3e4);setTimeout(poll,wait)}).catch(()=>setTimeout(poll,wait))}
poll();
if(form)form.addEventListener("submit",async e=>{e.preventDefault();const b=$("button",form);b.disabled=true;problem(form,"");const f=new FormData(form);
try{const r=await post("/api/v1/drops/"+id+"/entries",{email:f.get("email"),variantId:f.get("variantId"),turnstileToken:f.get("cf-turnstile-response")||undefined});
if(!r.entryToken){st.hidden=false;st.textContent="This email is already entered: we have emailed it the link to its entry.";b.disabled=false;return}
mine={id:r.entry.id,token:r.entryToken};keep();show(r.entry);wait=5e3;setTimeout(poll,wait)}
catch(err){problem(form,err.message);b.disabled=false;if(window.turnstile)turnstile.reset()}});
pay.addEventListener("click",async()=>{pay.disabled=true;try{const c=await post("/api/v1/checkout",{dropId:id,reservationId:res});location.assign(c.checkoutUrl)}catch(err){st.textContent=err.message;pay.disabled=false}})}
for(const form of $$("form.reserve")){form.addEventListener("submit",async e=>{e.preventDefault();const b=$("button",form);b.disabled=true;problem(form,"");
const f=new FormData(form),id=form.dataset.dropId;try{
const r=await post("/api/v1/drops/"+id+"/reservations",{variantId:f.get("variantId"),quantity:Number(f.get("quantity")),email:f.get("email")},key(),form.dataset.admission);
const c=await post("/api/v1/checkout",{dropId:id,reservationId:r.reservation.id});location.assign(c.checkoutUrl)}
catch(err){problem(form,err.message);b.disabled=false;paint()}})}
for(const form of $$("form.cart")){form.addEventListener("submit",async e=>{e.preventDefault();const b=$("button",form);b.disabled=true;problem(form,"");
const f=new FormData(form);try{const c=await post("/api/v1/checkout",{handle:form.dataset.handle,email:f.get("email"),items:[{variantId:f.get("variantId"),quantity:Number(f.get("quantity"))}]},key());
location.assign(c.checkoutUrl)}catch(err){problem(form,err.message);b.disabled=false}})}
for(const t of $$("time[datetime]"))t.textContent=new Date(t.dateTime).toLocaleString([],{dateStyle:"medium",timeStyle:"short"});
paint();setInterval(paint,250)})();`;

// The queue drop page's script, after the page script: joins the queue, keeps the ticket per drop in localStorage (or
// takes the emailed ?ticket=&token= link), and follows it. The drop's socket (relayed as "dropfront:queue" events)
// moves "ahead" locally; the ticket is re-read (jittered, at most about once a second) only when the place should be
// drawn, the turn may have come, the drop's status changes or the queue empties; while the socket is silent it is
// polled every few seconds instead. Admitted: the reserve form gets the admission token and pays like an open drop.
export const QUEUE_JS = `(()=>{"use strict";
const df=window.dropfront,q=document.querySelector("[data-queue]");if(!df||!q)return;
const $=s=>q.querySelector(s),id=q.dataset.dropId,opens=Date.parse(q.dataset.opensAt),starts=Date.parse(q.dataset.startsAt),store="queue:"+id;
const join=$("form.queue-join"),reserve=$("form.reserve"),card=$("[data-queue-card]"),u=new URLSearchParams(location.search);
const set=(s,v)=>{const e=$(s);if(e&&e.textContent!==v)e.textContent=v};
let mine=null,t=null,live=null,heard=0,readAt=0,reading=false,soon=0,pace=0;
try{mine=JSON.parse(localStorage.getItem(store)||"null")}catch(e){}
const tk=u.get("ticket");if(tk&&u.get("token"))mine={ticketId:tk,ticketToken:u.get("token"),email:mine&&mine.ticketId===tk?mine.email:""};
const keep=()=>{try{mine?localStorage.setItem(store,JSON.stringify(mine)):localStorage.removeItem(store)}catch(e){}};keep();
function read(){if(!mine||reading)return;reading=true;readAt=Date.now();
fetch("/api/v1/drops/"+id+"/queue/"+encodeURIComponent(mine.ticketId)+"?token="+encodeURIComponent(mine.ticketToken),{cache:"no-store"}).then(r=>{
if(r.status===404){mine=t=null;keep();set("[data-queue-notice]","That link to a place in the queue is not valid: join with your email.");paint();return}
return r.ok&&r.json().then(j=>show(j.ticket))}).catch(()=>{}).finally(()=>{reading=false})}
function later(){if(!soon)soon=setTimeout(()=>{soon=0;read()},Math.max(0,readAt+1e3-Date.now())+Math.random()*1e3)}
function show(x){t=x;if(x.status==="waiting")pace=x.estimate.seconds?x.ahead/x.estimate.seconds:0;paint()}
function paint(){const n=df.now(),st=live&&live.status;
set("[data-queue-countdown]",n<opens?"Queue opens in "+df.left(opens-n):"");set("[data-queue-opens-label]",n<opens?"opens":"opened");
if(join){join.hidden=!!mine;$("form.queue-join button").disabled=n<opens||st==="ended"||st==="canceled"}
card.hidden=!t;if(reserve)reserve.hidden=!t||t.status!=="admitted";if(!t)return;card.dataset.status=t.status;
const placed=t.position!==null;let state,note="",ahead=null;
if(t.status==="waiting"&&!placed){state="You're in the queue.";note=n<starts?"Your place is drawn at the opening: arriving early gives no advantage.":"Your place is being assigned."}
else if(t.status==="waiting"){state="Waiting for your turn.";ahead=live?Math.min(t.ahead,Math.max(0,t.position-live.admittedThrough-1)):t.ahead;const units=t.estimate.unitsLeft;
note=units!==null&&ahead>0&&ahead>=units?"Fewer units are left ("+units+") than people ahead of you: you get in only if holds expire unbought.":ahead===0?"You're next.":pace?"About "+df.left(ahead/pace*1e3)+" at the current pace.":""}
else if(t.status==="admitted"){const ms=Date.parse(t.admittedUntil)-n;state="It's your turn!";note="Reserve within "+df.left(ms)+", with the email you joined with.";
if(reserve){reserve.dataset.admission=t.admissionToken;const e=reserve.querySelector("[name=email]");if(mine&&mine.email&&!e.value)e.value=mine.email}
if(ms<=0&&Date.now()-readAt>2e3)read()}
else if(t.status==="sold_out"){state="Sold out.";note="Every unit was sold before your turn came. Thank you for waiting."}
else state=t.admittedUntil?"Your turn to reserve ran out.":"The drop ended before your turn came.";
set("[data-queue-state]",state);set("[data-queue-note]",note);set("[data-queue-place]",placed?"#"+t.position:n<starts?"Drawn at the opening":"Being drawn");
$("[data-queue-ahead-row]").hidden=ahead===null;set("[data-queue-ahead]",String(ahead))}
addEventListener("dropfront:queue",e=>{const m=e.detail,was=live;live=m;heard=Date.now();
if(t&&t.status==="waiting"&&(was&&was.status!==m.status||m.waiting===0||(t.position===null?df.now()>=starts:m.admittedThrough>=t.position)))later();paint()});
if(join)join.addEventListener("submit",async e=>{e.preventDefault();const b=$("form.queue-join button"),f=new FormData(join),email=String(f.get("email")).trim(),a=$("form.queue-join .alert");
b.disabled=true;a.textContent="";set("[data-queue-notice]","");
try{const r=await df.post("/api/v1/drops/"+id+"/queue",{email,turnstileToken:f.get("cf-turnstile-response")||undefined});
if(r.ticketToken){mine={ticketId:r.ticket.id,ticketToken:r.ticketToken,email};keep();show(r.ticket)}
else set("[data-queue-notice]","This email is already in the queue: we have emailed it the link to its place.")}
catch(err){a.textContent=err.message}if(window.turnstile)turnstile.reset();b.disabled=false});
document.addEventListener("visibilitychange",()=>{if(document.visibilityState==="visible")read()});
setInterval(()=>{const n=Date.now();paint();if(mine&&n-readAt>4e3&&(!t||t.status==="waiting"&&df.now()>=starts&&n-heard>6e3))read()},500);
read();paint()})();`;
