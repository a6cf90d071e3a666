(()=>{"use strict";
const $=(s,r=document)=>r.querySelector(s),$$=(s,r=document)=>[...r.querySelectorAll(s)];
const labels={scheduled:"Starts soon",live:"Live",sold_out:"Sold out",ended:"Ended",canceled:"Canceled"};
let offset=0;const now=()=>Date.now()+offset;
function syncClock(t){const s=Date.parse(t);if(!isNaN(s))offset=s-Date.now()}
function left(ms){if(ms<=0)return"0s";const s=Math.ceil(ms/1e3),d=Math.floor(s/86400),h=Math.floor(s%86400/3600),m=Math.floor(s%3600/60),x=s%60;
return(d?d+"d ":"")+(d||h?h+"h ":"")+(d||h||m?m+"m ":"")+x+"s"}
function clockStatus(el){if(el.dataset.canceled)return"canceled";const t=now(),st=Date.parse(el.dataset.startsAt),en=el.dataset.endsAt?Date.parse(el.dataset.endsAt):null;
if(en!==null&&t>=en)return"ended";return t<st?"scheduled":"live"}
const servers={},units={};
function statusOf(el){const c=clockStatus(el),x=servers[el.dataset.dropId],s=x?x.status:null;
if(s==="canceled"||s==="ended")return s;if(c==="canceled"||c==="ended")return c;if(s===null)return c;
if(s==="scheduled"&&c==="live")return"live";return s}
const pad=n=>String(n).padStart(2,"0");
function segs(ms){const s=Math.max(0,Math.ceil(ms/1e3)),d=Math.floor(s/86400);return(d?[[d,"days"]]:[]).concat([[pad(Math.floor(s%86400/3600)),"hours"],[pad(Math.floor(s%3600/60)),"min"],[pad(s%60),"sec"]])
.map(([n,u])=>'<span class="seg"><b>'+n+"</b><span>"+u+"</span></span>").join("")}
const states={sold_out:"Sold out. Units from unpaid reservations come back here: keep this page open for a second chance.",ended:"This drop has ended. Thank you to everyone who took part.",canceled:"This drop was canceled."};
function paint(){for(const el of $$("[data-drop-times]")){const st=Date.parse(el.dataset.startsAt),status=statusOf(el),id=el.dataset.dropId,x=servers[id];
const b=$("[data-status-badge]",el);if(b&&b.dataset.status!==status){b.dataset.status=status;b.textContent=labels[status]||status}
const ol=$("[data-opens-label]",el);if(ol)ol.textContent=status==="scheduled"?"Opens":"Opened";const cl=$("[data-closes-label]",el);if(cl)cl.textContent=status==="ended"?"closed":"closes";
const cd=$("[data-countdown]",el);if(cd){const big=cd.dataset.countdown==="big",ms=st-now(),sec=Math.ceil(ms/1e3);
if(status!=="scheduled"){if(cd.textContent)cd.textContent=""}else if(cd.dataset.s!==String(sec)){cd.dataset.s=sec;if(big){cd.innerHTML=segs(ms);cd.setAttribute("aria-label","Opens in "+left(ms))}else cd.textContent="Opens in "+left(ms)}}
if(el.dataset.prev==="scheduled"&&status!=="scheduled"&&id)refresh(id);el.dataset.prev=status;
const main=el.closest("main")||document,btn=$("form.reserve button",main),hint=$("[data-reserve-hint]",main);if(btn&&id&&el.closest("[data-drop-live]"))btn.disabled=status!=="live";if(hint)hint.hidden=status!=="scheduled";
const raffle=el.dataset.admission==="raffle",over=status==="ended"||status==="canceled";
const sx=$("[data-drop-state]",el);if(sx){const t=raffle&&status==="sold_out"?"":states[status]||"";if(sx.textContent!==t){sx.textContent=t;sx.dataset.status=status}}
if(!x)continue;let av=0,all=0;for(const i of x.items){av+=Math.max(0,i.available);all+=units[id+i.variantId]||0;
if(el.closest("[data-drop-live]")){for(const c of $$('[data-stock-for="'+i.variantId+'"]',main))
{const t=status==="ended"?"Ended":status==="canceled"?"Canceled":i.available>0?i.available+" left":"Sold out";if(c.textContent!==t){c.textContent=t;c.dataset.out=i.available>0?"":"1"}}
const opt=$('option[value="'+i.variantId+'"]',main);if(opt)opt.disabled=i.available<=0}}
const bar=$("[data-drop-bar]",el);if(bar&&all){bar.hidden=over||raffle;bar.dataset.ready="1";bar.style.setProperty("--left",Math.round(100*av/all)+"%")}
const lf=$("[data-drop-left]",el);if(lf&&all){const t=over||raffle?"":av>0?av+" of "+all+" left":"All "+all+" claimed";if(lf.textContent!==t)lf.textContent=t}}}
function applyStock(id,m){if(m.serverTime)syncClock(m.serverTime);for(const i of m.items)if(i.quantity!=null)units[id+i.variantId]=i.quantity;servers[id]={status:m.status,items:m.items};paint()}
let socketAt=0;
function refresh(id,retry){const at=Date.now();return fetch("/api/v1/drops/"+id,{cache:"no-store"}).then(r=>r.ok?r.json():r.status>=500||r.status===429?Promise.reject():null).then(d=>{if(!d)return;
for(const i of d.drop.items)units[id+i.variantId]=i.quantity;if(socketAt<=at)applyStock(id,d.drop);else paint()})
.catch(()=>{retry=Math.min((retry||1e3)*2,3e4);setTimeout(()=>refresh(id,retry),retry*(.5+Math.random()))})}
function problem(form,msg){const a=$(".alert",form);if(a)a.textContent=msg}
async function post(url,body,key,admission){const h={"content-type":"application/json"};if(key)h["idempotency-key"]=key;if(admission)h["drop-admission"]=admission;
const r=await fetch(url,{method:"POST",headers:h,body:JSON.stringify(body)});const j=await r.json().catch(()=>({}));
if(!r.ok){const e=new Error(j.error&&j.error.message||"Something went wrong, please try again.");e.code=j.error&&j.error.code;throw e}return j}
const key=()=>crypto.randomUUID?crypto.randomUUID():String(Math.random()).slice(2);window.dropfront={now,post,left};
const drop=$("[data-drop-live]");
if(!drop){const cards=()=>{if(document.visibilityState==="visible")for(const el of $$("[data-drop-times]"))refresh(el.dataset.dropId)};cards();
setInterval(cards,15e3+Math.random()*5e3);document.addEventListener("visibilitychange",cards)}
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
for(const form of $$("form.reserve")){let held=null;form.addEventListener("submit",async e=>{e.preventDefault();const b=$("button",form);b.disabled=true;problem(form,"");
const f=new FormData(form),id=form.dataset.dropId,k=[f.get("variantId"),f.get("quantity"),f.get("email")].join();let r=held&&held.k===k?held.r:null;try{
r=r||(await post("/api/v1/drops/"+id+"/reservations",{variantId:f.get("variantId"),quantity:Number(f.get("quantity")),email:f.get("email")},key(),form.dataset.admission)).reservation;
const c=await post("/api/v1/checkout",{dropId:id,reservationId:r.id,discountCode:f.get("discountCode")||undefined});location.assign(c.checkoutUrl)}
catch(err){held=err.code==="discount_unavailable"?{k,r}:null;problem(form,err.message);b.disabled=false;paint()}})}
for(const form of $$("form.cart")){form.addEventListener("submit",async e=>{e.preventDefault();const b=$("button",form);b.disabled=true;problem(form,"");
const f=new FormData(form),pr=$("[name=price]",form),line={variantId:f.get("variantId"),quantity:Number(f.get("quantity"))};
if(pr)line.priceCents=Math.round(Number(pr.value)*10**Number(pr.dataset.exponent));
try{const c=await post("/api/v1/checkout",{handle:form.dataset.handle,email:f.get("email"),items:[line],discountCode:f.get("discountCode")||undefined},key());
location.assign(c.checkoutUrl)}catch(err){problem(form,err.message);b.disabled=false}})}
for(const t of $$("time[datetime]"))t.textContent=new Date(t.dateTime).toLocaleString([],{dateStyle:"medium",timeStyle:"short"});
paint();setInterval(paint,250)})();
